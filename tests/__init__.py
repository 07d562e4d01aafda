"""The test suite: test folders by layer; shared helpers in tests.support."""
