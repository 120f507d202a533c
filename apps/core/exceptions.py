class ServiceError(Exception):
    """A business rule said no. ``message`` is translated and safe to show to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class InvalidLink(ServiceError):
    pass


class ExpiredLink(ServiceError):
    pass
