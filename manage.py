#!/usr/bin/env python
from lll.__main__ import main

if __name__ == "__main__":
    main()
