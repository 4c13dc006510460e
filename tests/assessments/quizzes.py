"""A quiz added to a module in tests (the fixture curriculum has one quiz, in band 1)."""

from wagtail.models import Page

from assessments.models import QuizPage


def add_quiz(module: Page, *, shuffle: bool = False, pass_mark: int = 70) -> QuizPage:
    quiz = QuizPage(
        title="Kiểm tra nhanh",
        slug="kiem-tra-nhanh",
        pass_mark=pass_mark,
        shuffle=shuffle,
        questions=[
            {
                "type": "single_choice",
                "value": {
                    "key": "nguon",
                    "prompt": "Một bài đăng không ghi nguồn. Bạn nên làm gì trước khi chia sẻ?",
                    "choices": [
                        {
                            "text": "Tìm nguồn chính thức",
                            "correct": True,
                            "feedback": "Đúng: kiểm tra nguồn trước.",
                        },
                        {
                            "text": "Chia sẻ ngay",
                            "correct": False,
                            "feedback": "Khoan đã: tin có thể là giả.",
                        },
                    ],
                },
            },
            {
                "type": "true_false",
                "value": {
                    "key": "anh-sua",
                    "prompt": "Ảnh có thể bị chỉnh sửa để lừa người xem.",
                    "answer": True,
                    "feedback_true": "Đúng vậy.",
                    "feedback_false": "Thật ra ảnh rất dễ bị sửa.",
                },
            },
        ],
    )
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)
