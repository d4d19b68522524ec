from tools.sqlc_gen_python.main import main

raise SystemExit(main())
