"""Answers a participant could type (by accident or not) that must be printed, never obeyed."""

from __future__ import annotations

MEGABYTE = "æøå " * 262_144
"""One million characters of Danish letters and spaces (about 1.5 MB as UTF-8)."""

HOSTILE: dict[str, str] = {
    "script": '<script>alert("svar")</script>',
    "img-onerror": '<img src="x" onerror="alert(1)">',
    "javascript-link": '<a href="javascript:alert(1)">klik</a>',
    "markdown-links": "[klik her](javascript:alert(1)) og [web](https://evil.example/)",
    "markdown-image": "![billede](https://evil.example/pixel.png)",
    "latex": r"$\LaTeX$ og $$\int_0^1 x\,dx$$ og \(a^2\)",
    "style-and-link": "<style>body{display:none}</style>"
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "iframe-svg": '<iframe src="https://evil.example/"></iframe><svg onload=alert(1)>',
    "break-out": "</div></main></body></html><script>alert(2)</script>",
    "jinja": "{{ resources }} {% raw %} {# x #}",
    "markdown": "# Overskrift\n\n**fed** _kursiv_ `kode`\n\n- punkt",
    "entities": "&lt;script&gt; &amp; &#60;b&#62;",
    "comment-cdata": "<!-- kommentar --> <![CDATA[x]]>",
    "control": "før\x00\x07\x1b[31mrød\x1b[0m\x08efter\x7f\x85\x9b slut",
    "rtl": "שלום עולם — مرحبا بالعالم \u202eevil\u202c tilbage",
    "emoji": "👩\u200d👧\u200d👦 🇩🇰 ❤️ 🔥 tak",
    "megabyte": MEGABYTE,
}
