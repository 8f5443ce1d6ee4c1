from rekenboek.cli import main

raise SystemExit(main())
