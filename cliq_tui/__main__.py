from cliq_tui.cli import main

raise SystemExit(main())
