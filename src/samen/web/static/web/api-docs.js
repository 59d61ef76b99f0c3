// Starts Swagger UI on /api/v1/docs from our own static files (the CSP allows no inline script and no CDN).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrf = root.getAttribute("data-csrf-token");
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    deepLinking: true,
    layout: "BaseLayout",
    // No badge from an outside validator: the CSP allows images from our own origin only.
    validatorUrl: null,
    // "Try it out" with the session of a logged-in user: Django's CSRF token on every write.
    requestInterceptor: function (request) {
      if (csrf && request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRFToken"] = csrf;
      }
      return request;
    },
  });
})();
