/**
 * TEMPORARY: the page at `/` until the web app (web/) exists; then `/` serves that instead and
 * this file goes. No inline script or style, so it passes the Content-Security-Policy as is.
 */
export const INDEX_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hands-on</title>
</head>
<body>
<h1>Hands-on is running</h1>
<p>The web app is not here yet; the API is. This browser is signed in, so you can look at it directly.</p>
<ul>
<li><a href="/api/openapi.json">The API description (OpenAPI 3.1)</a></li>
<li><a href="/api/week/summary">This week at a glance, as JSON</a></li>
</ul>
<p>Stop the server with Ctrl+C in the terminal where <code>handson serve</code> runs.</p>
</body>
</html>
`;
