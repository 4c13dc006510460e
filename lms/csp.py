"""Content-Security-Policy by area: learner and portal pages run no inline script, so an
injected script cannot run there; only the admin (Wagtail's editor needs inline scripts)
gets 'unsafe-inline'. Nothing anywhere may load from another host."""

from csp.middleware import CSPMiddleware

# Paths whose third-party pages need inline scripts.
INLINE_SCRIPT_PREFIXES = ("/admin/", "/django-admin/")


class AreaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(INLINE_SCRIPT_PREFIXES):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts
