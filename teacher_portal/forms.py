"""Forms of the teacher portal: input checks only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import ConsentRecord
from lms.bands import AGE_BANDS
from lms.schools.models import School
from lms.schools.roster import MAX_AGE, MIN_AGE
from lms.schools.services import GRADES_BY_LEVEL, MAX_GROUP_AGE, MIN_GROUP_AGE

ROSTER_MAX_BYTES = 2 * 1024 * 1024


class TeacherChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name or obj.username} ({obj.username})"


class ClassroomForm(forms.Form):
    name = forms.CharField(
        label=_("Class name"),
        max_length=50,
        help_text=_("As the school calls it, e.g. 3A, 7A2, 10 Toán."),
    )
    school_year = forms.ChoiceField(label=_("School year"))
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of this school's grades.")},
    )
    age_min = forms.IntegerField(
        label=_("Youngest age"),
        required=False,
        min_value=MIN_GROUP_AGE,
        max_value=MAX_GROUP_AGE,
        error_messages={"invalid": _("Write the age with digits.")},
    )
    age_max = forms.IntegerField(
        label=_("Oldest age"),
        required=False,
        min_value=MIN_GROUP_AGE,
        max_value=MAX_GROUP_AGE,
        error_messages={"invalid": _("Write the age with digits.")},
    )
    age_band = forms.TypedChoiceField(
        label=_("Curriculum level"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "For a group by age: which level of lessons it takes. Empty: the level of the youngest."
        ),
    )
    teachers = TeacherChoiceField(
        label=_("Teachers of the class"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, school: School, years, teachers_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["school_year"].choices = [(str(y.pk), y.name) for y in years]
        grades = GRADES_BY_LEVEL[school.level]
        self.fields["grade"].choices = [("", "—")] + [
            (g, _("Grade %(n)s") % {"n": g}) for g in grades
        ]
        self.fields["age_band"].choices = [("", "—")] + [
            (b.number, b.label) for b in AGE_BANDS.values()
        ]
        self.is_facility = school.level == School.Level.CARE_FACILITY
        if not self.is_facility:
            self.fields["grade"].required = True
            for name in ("age_min", "age_max", "age_band"):
                del self.fields[name]
        else:
            self.fields["grade"].help_text = _("A care facility may group children by age instead.")
        if teachers_queryset is None:
            del self.fields["teachers"]
        else:
            self.fields["teachers"].queryset = teachers_queryset


class LearnerForm(forms.Form):
    display_name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        help_text=_("As in the class list, e.g. Nguyễn Văn An."),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        error_messages={"invalid": _("Write the year with digits, e.g. 2018.")},
    )

    def clean_display_name(self):
        from lms.schools.roster import clean_name, name_problem

        name = clean_name(self.cleaned_data["display_name"])
        if problem := name_problem(name):
            raise forms.ValidationError(problem[:1].upper() + problem[1:] + ".")
        return name

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        age = timezone.localdate().year - year
        if not MIN_AGE <= age <= MAX_AGE:
            raise forms.ValidationError(
                _("A learner born in %(year)s would be %(age)s; learners are %(min)s to %(max)s.")
                % {"year": year, "age": age, "min": MIN_AGE, "max": MAX_AGE}
            )
        return year


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Class list (CSV or Excel .xlsx)"),
        validators=[FileExtensionValidator(["csv", "xlsx", "txt"])],
        error_messages={
            "required": _("Choose the file with the class list."),
            "empty": _("The file is empty."),
            "invalid_extension": _("Upload a .csv or .xlsx file."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ROSTER_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large for a class list (at most 2 MB)."))
        return upload


class RosterConfirmForm(forms.Form):
    plan = forms.CharField(widget=forms.HiddenInput)


class LearnerPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        max_length=40,
        help_text=_("At least 6 characters, no spaces. Choose something the child can type."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]
CHILD_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("", _("Not asked (under 7)"))]


class ConsentForm(forms.Form):
    parent_consent = forms.ChoiceField(
        label=_("Does the parent or guardian agree?"), choices=YES_NO, widget=forms.RadioSelect
    )
    parent_name = forms.CharField(
        label=_("Name of the parent or guardian"), max_length=100, required=False
    )
    parent_relation = forms.ChoiceField(
        label=_("Relation to the child"),
        choices=[("", "—"), *ConsentRecord.Relation.choices],
        required=False,
    )
    child_consent = forms.ChoiceField(
        label=_("Does the child agree?"),
        choices=CHILD_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("From age 7 the child's own consent is asked too."),
    )
    method = forms.ChoiceField(label=_("How was it given?"), choices=ConsentRecord.Method.choices)

    def values(self) -> dict:
        data = self.cleaned_data
        child = data.get("child_consent")
        return {
            "parent_consent": data["parent_consent"] == "yes",
            "child_consent": None if not child else child == "yes",
            "method": data["method"],
            "parent_name": data.get("parent_name", ""),
            "parent_relation": data.get("parent_relation", ""),
        }


class LearnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.username


class BulkConsentForm(forms.Form):
    learners = LearnerChoiceField(
        label=_("Learners whose signed forms came back"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one learner.")},
    )
    method = forms.ChoiceField(label=_("How was it given?"), choices=ConsentRecord.Method.choices)
    child_agrees = forms.BooleanField(
        label=_("The children aged 7 or older agreed too"),
        required=False,
    )

    def __init__(self, *args, learners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learners"].queryset = learners


class CardsForm(forms.Form):
    learners = LearnerChoiceField(
        label=_("Cards for"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one learner.")},
    )
    new_password = forms.BooleanField(
        label=_("Give the chosen learners a new password and print it"),
        required=False,
        initial=True,
        help_text=_(
            "Unticked: learners who already have a password keep it, and their card has a blank line to write it by hand."
        ),
    )
    with_badge = forms.BooleanField(
        label=_("Print a QR code that signs the learner in"),
        required=False,
        initial=True,
        help_text=_("A new QR code replaces the learner's old one, which stops working."),
    )

    def __init__(self, *args, learners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learners"].queryset = learners


class ModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class AssignmentForm(forms.Form):
    module = ModuleChoiceField(
        label=_("Module"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a module."),
            "invalid_choice": _("Choose a published module."),
        },
    )
    learners = LearnerChoiceField(
        label=_("Only for some learners"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick no one to give it to the whole class."),
    )
    due_on = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Write the date as day/month/year, e.g. 20/10/2026.")},
    )

    def __init__(self, *args, modules, learners, with_module=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learners"].queryset = learners
        if with_module:
            self.fields["module"].queryset = modules
        else:
            del self.fields["module"]


class StaffForm(forms.Form):
    display_name = forms.CharField(label=_("Full name"), max_length=100)
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[a-z0-9._-]{3,30}$",
        max_length=30,
        help_text=_("3–30 lowercase letters, digits, dot, dash or underscore."),
        error_messages={
            "invalid": _(
                "Use 3–30 lowercase letters without accents, digits, dot, dash or underscore."
            )
        },
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False)

    def clean_username(self):
        return self.cleaned_data["username"].lower()
