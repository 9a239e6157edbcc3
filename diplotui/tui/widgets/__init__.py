"""Provides the explorer's widgets; each gets model objects and posts messages upward."""
