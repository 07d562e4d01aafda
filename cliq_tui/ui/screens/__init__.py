"""The dashboard screens: the main screen and help."""
