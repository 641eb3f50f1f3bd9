from nicsim.cli import main

main()
