"""gunicorn configuration of one application server instance (several run behind nginx).

gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8101 naker.config.wsgi
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8101")
# Threads let a worker wait on PostgreSQL for one request while serving another; on a 2-core
# machine two instances x 2 processes x 4 threads keep both cores busy without thrashing.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
# Trust X-Forwarded-* only from nginx on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# nginx writes the access log; gunicorn's error log goes to stderr (the journal under systemd).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "naker-web")
# Each instance has its own control socket (two instances must not share the default path).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or f"/run/naker/{proc_name}.ctl"
