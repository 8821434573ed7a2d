"""gunicorn's settings for the image (docker/start.sh). The shape, 2 workers × 4 threads with the
connection pool on, is the one `make bench` chose (docs/benchmarks.md, "Pooling and gunicorn
workers"): within 20 % of the best here, and a worker crash or timeout-kill does not drop every
request in flight. Each may be set from the environment."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request longer than this is a bug or a stuck query: the worker is replaced (the import of a
# 20 MB export takes seconds, not this).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced after about this many requests each, at staggered times (the jitter), so
# that a slow leak never grows and never all workers restart at once (0: never).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The access log goes to stdout beside the app's own request lines (gymtracker.requestlog), with
# the request's id to join them (GUNICORN_ACCESS_LOG: a file instead, or empty for none).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
errorlog = "-"
# The proxy in front terminates TLS and says so (BEHIND_TLS_PROXY, README "Configuration").
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
