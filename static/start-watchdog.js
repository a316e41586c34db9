// Unattended screens: if the app has not started 60 s after the page loaded (the server went away while
// its scripts were loading), reload, so a wall monitor recovers by itself. A static file because the
// Content-Security-Policy allows same-origin scripts, not inline ones.
setTimeout(function () {
	if (!document.documentElement.hasAttribute('data-app-started')) location.reload();
}, 60000);
