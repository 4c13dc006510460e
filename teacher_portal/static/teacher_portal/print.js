// The "Print" button on the login-card sheet (no inline script: CSP-friendly).
document.getElementById("print")?.addEventListener("click", () => window.print());
