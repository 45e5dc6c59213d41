"""Build infrastructure shared by the plugins: not a Pelican plugin itself.

Who owns the state of a build (`state`), the site model every plugin reads (`model`), which
plugin needs which (`plugins`), how settings are read (`settings`), writing files into the
output and reusing the previous build's (`output`, `reuse`, `writer`, `parallel`), and the
live-reload session (`session`). docs/architecture.md draws how they fit.
"""
