from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.accounts.models import User
from lms.schools.access import role_required

from .selectors import learner_home


@never_cache
@require_GET
@role_required(User.Role.LEARNER)
def home(request):
    """The learner's page after signing in: assignments first, then the band's modules."""
    return render(request, "learn/home.html", {"home": learner_home(learner=request.user)})
