import logging

from foundation.base.logs import get_logger, library_logger

log = get_logger()


def report(value):
    # ruleid: blossom-print
    print(value)
    # ok: blossom-print
    log.info("value computed", value=value)


# ruleid: blossom-stdlib-logger
LOG = logging.getLogger(__name__)
# ruleid: blossom-stdlib-logger
logging.warning("something happened")
# ok: blossom-stdlib-logger
hypercorn_log = library_logger("hypercorn.error")
# ok: blossom-stdlib-logger
level = logging.WARNING


def risky():
    # ruleid: blossom-swallowed-exception
    try:
        report(1)
    except:
        report(2)
    # ruleid: blossom-swallowed-exception
    try:
        report(1)
    except Exception:
        pass
    # ruleid: blossom-swallowed-exception
    try:
        report(1)
    except Exception as e:
        pass
    # ok: blossom-swallowed-exception
    try:
        report(1)
    except ValueError:
        pass
    # ok: blossom-swallowed-exception
    try:
        report(1)
    except Exception as e:
        log.warning("report failed", error=repr(e))
