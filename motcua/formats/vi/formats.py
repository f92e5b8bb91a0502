# Django's Vietnamese formats, plus the grouping of thousands they leave out ("20.402 hồ sơ"):
# used where a template asks for it (|intcomma), never on years or codes.
from django.conf.locale.vi.formats import *  # noqa: F403

NUMBER_GROUPING = 3
