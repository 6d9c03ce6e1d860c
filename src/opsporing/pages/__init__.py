"""One module per notebook page; each has `show()` and a `build(session)` tests can call.

A notebook's only code is `from opsporing.pages import temafilm; temafilm.show()`.
"""
