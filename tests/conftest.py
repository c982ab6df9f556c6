import os

os.environ.setdefault("LIAISON_TESTING", "1")
