"""Running several nodes: health and readiness probes, Prometheus metrics (issue 19).

Sits above every app (it counts their outbox rows), below config (the URLs mount it).
"""
