"""Build infrastructure the plugins share (settings, …): not a Pelican plugin itself, so it is
never in PLUGINS; the plugins import its modules."""
