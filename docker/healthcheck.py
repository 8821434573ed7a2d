"""The image's HEALTHCHECK: /healthz over plain http from inside the container, with a host the
app serves (the first of ALLOWED_HOSTS); exit 0 on a 200."""

import os
import sys
import urllib.request

port = os.environ.get("PORT", "8000")
host = (os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost").lstrip(".")
request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=3) as answer:  # noqa: S310  # nosec B310 - our own address
        sys.exit(0 if answer.status == 200 else 1)
except OSError:
    sys.exit(1)
