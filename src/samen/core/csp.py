"""django-csp's middleware, with the policy built once instead of on every response.

django-csp builds the `Content-Security-Policy` header from the settings on every response (a dataclass copied with
`asdict`, every directive copied and joined), although for nearly every response nothing of it changes: no nonce
was asked for and the view set no policy of its own. Then the header is the same text each time, so it is built
once from the settings and set as it is. Whenever anything could change it (a nonce used by the request, a
decorator's `_csp_config`, `_csp_update` or `_csp_replace` on the response, report-only or not), django-csp's own
`process_response` builds it, as before. Exemptions, excluded URL prefixes and the debug pages behave as in
django-csp; so does the guard that refuses a nonce asked for after the header was written.
"""

from __future__ import annotations

import http.client
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What a response may carry to change its policy (csp.decorators); any of them: django-csp builds the header.
_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
_DEBUG_CODES = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)


class CSPMiddleware(DjangoCSPMiddleware):
    """`csp.middleware.CSPMiddleware`, with a policy that nothing changes built once per settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (the two settings objects, the policy, the report-only policy): built again when either setting is
        # another object (override_settings in tests, a reloaded configuration).
        self._built: tuple[Any, Any, str, str] | None = None

    def policies(self) -> tuple[str, str]:
        """The policy and the report-only policy as django-csp builds them from the settings alone."""
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not enforced or built[1] is not report_only:
            built = self._built = (enforced, report_only, build_policy(), build_policy(report_only=True))
        return built[2], built[3]

    def process_response(self, request: Any, response: Any) -> Any:
        if getattr(request, "_csp_nonce", None) is not None or any(getattr(response, a, None) is not None for a in _PER_RESPONSE):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_CODES and settings.DEBUG:
            return response
        csp, csp_ro = self.policies()
        for header, value, exempt, setting in (
            (HEADER, csp, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, csp_ro, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if not value or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        # No nonce was used, and none may be asked for now that the header is written (as django-csp does).
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
