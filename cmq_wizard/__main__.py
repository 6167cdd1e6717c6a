from cmq_wizard.cli import main

main()
