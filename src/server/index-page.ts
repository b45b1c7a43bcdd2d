/**
 * The page at `/` when the server runs without the built web app (the API tests, or an API-only
 * server). No inline script or style, so it passes the Content-Security-Policy as is.
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
<p>This server answers the API only (the web app was not built: run <code>npm run build</code>). This browser is signed in, so you can look at the API directly.</p>
<ul>
<li><a href="/api/openapi.json">The API description (OpenAPI 3.1)</a></li>
<li><a href="/api/week/summary">This week at a glance, as JSON</a></li>
</ul>
<p>Stop the server with Ctrl+C in the terminal where <code>handson serve</code> runs.</p>
</body>
</html>
`;
