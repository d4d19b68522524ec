import os
import subprocess
from os import environ, getenv

from foundation.base.env import ENV

# ruleid: blossom-environ
url = os.environ["DATABASE_URL"]
# ruleid: blossom-environ
level = os.environ.get("LOG_LEVEL", "info")
# ruleid: blossom-environ
port = os.getenv("PRODUCT_PORT")
# ruleid: blossom-environ
ci = getenv("CI")
# ruleid: blossom-environ
environ["BLOSSOM_ENV"] = "test"
# ruleid: blossom-environ
os.environ.setdefault("DATABASE_URL", "postgresql://localhost/x")

# ok: blossom-environ
url = ENV.database_url
# ok: blossom-environ
subprocess.run(["true"], env={**os.environ, "LC_ALL": "C"}, check=True)
# ok: blossom-environ
subprocess.run(["true"], env=dict(os.environ, TZ="UTC"), check=True)
