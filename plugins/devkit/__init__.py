"""Development tools shared by the tests and the benchmarks; not a Pelican plugin.

`devkit.browser`: Debian's Chromium and its flags, and a quiet static server for a built site.
`devkit.corpus`: the deterministic corpus of contract-valid documents
(`python -m devkit.corpus --count 2000 --out benchmarks/corpus-2000`).
`devkit.locks`: the development lock without the runtime lock's pins (`python -m devkit.locks`).

It lives under plugins/ so that it is installed with the plugins, and neither the tests nor
the benchmarks need to put the other's folder on sys.path.
"""
