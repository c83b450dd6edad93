"""The referral book closing rows, and the basket's take-over rule, on hand-made rows."""

import numpy as np

from sim.cooperation.basket import _givers, _persistent_gaps, take_over
from sim.referrals import OUTCOMES, ROW, ReferralBook, sift


def test_closing_rows_logs_them_by_outcome_in_row_order_and_keeps_the_rest_in_order():
    book = ReferralBook()
    book.add(family=np.arange(6), need=np.zeros(6, np.int16), created=np.arange(6) + 10)
    closed = book.close_each(np.array([0, 2, 1, 0, 2, 0], np.int8), ("completed", "dropped"), 7)
    assert closed.tolist() == [1, 2]
    assert book["family"].tolist() == [0, 3, 5] and book["created"].tolist() == [10, 13, 15]
    log = [(rows["family"].tolist(), OUTCOMES[o], week) for rows, o, week in book._log]
    assert log == [([2], "completed", 7), ([1, 4], "dropped", 7)]
    assert book.close(np.array([False, True, False]), "closed", 8) == 1
    assert book["family"].tolist() == [0, 5]
    assert book.close(np.zeros(2, bool), "closed", 9) == 0 and len(book._log) == 3
    frame = book.log_frame(np.zeros(1, np.int64), ("ops",))
    assert len(frame) == 6 and (frame["outcome"] == "open").sum() == 2


def test_rows_a_kernel_sifted_close_as_if_the_book_had_closed_them():
    def book_of_six():
        book = ReferralBook()
        book.add(family=np.arange(6), need=np.zeros(6, np.int16))
        return book
    code = np.array([2, 0, 1, 2, 0, 0], np.int8)
    closed, sifted = book_of_six(), book_of_six()
    closed.close_each(code, ("completed", "dropped"), 7)
    rows = np.empty(3, ROW)
    per_outcome = sift(sifted.rows, code, 2, rows)
    assert per_outcome.tolist() == [1, 2] and rows["family"].tolist() == [2, 0, 3]
    assert sifted.sifted(rows, per_outcome, ("completed", "dropped"), 7) is per_outcome
    assert sifted["family"].tolist() == closed["family"].tolist() == [1, 4, 5]
    assert [(r.tolist(), o, w) for r, o, w in sifted._log] == [
        (r.tolist(), o, w) for r, o, w in closed._log]


def test_the_basket_finds_a_gap_once_its_window_is_full_of_waiting_weeks():
    waiting, never = np.zeros((3, 2)), np.full(2, -10**9)
    weeks = [np.array([1, 2]), np.array([4, 0]), np.array([1, 1]), np.array([2, 1])]
    gaps = [_persistent_gaps(waiting, unmet, week, never, week, 5)
            for week, unmet in enumerate(weeks, start=1)]
    assert gaps == [[], [], [0], [0]]  # need 1 had a week without referrals waiting
    assert waiting.tolist() == [[2, 1], [4, 0], [1, 1]]  # week 4 took week 1's place
    # need 0 got new places in week 1 (settling for 5 weeks); need 1 has waited 3 weeks now
    assert _persistent_gaps(waiting, np.array([3, 3]), 5, np.array([1, -10**9]), 5, 5) == [1]


def test_a_member_takes_over_with_its_chance_the_best_member_with_a_free_place_first():
    member = np.array([True, True, True, False])
    offer = np.array([[False], [True], [True], [False]])  # the full member 0 does not offer it
    effect = np.array([[0.1], [0.2], [0.3], [0.4]])  # by effect: 3 (not a member), 2, 1, 0
    givers = _givers(offer, effect)
    assert givers.tolist() == [[2, 1, -1, -1]]
    free, passed = np.array([0, 1, 1, 5]), np.zeros(1, np.int64)
    assert take_over(0, 0, 0.5, 0.4, member, givers, passed, free) == -1  # the die says no
    assert take_over(0, 3, 0.1, 0.4, member, givers, passed, free) == -1  # not a member's
    assert [take_over(0, 0, 0.1, 0.4, member, givers, passed, free) for _ in range(3)] == [
        2, 1, -1]
    assert free.tolist() == [0, 0, 0, 5]


def test_a_take_over_skips_the_givers_found_full_and_asks_the_others_in_order():
    member = np.ones(3, bool)
    givers = np.array([[0, 1, 2], [1, 2, -1]])  # need 0: 0, 1, 2; need 1: 1, 2
    free, passed = np.array([1, 1, 0]), np.zeros(2, np.int64)
    assert take_over(1, 0, 0.0, 1.0, member, givers, passed, free) == 1
    assert take_over(0, 0, 0.0, 1.0, member, givers, passed, free) == 0
    assert passed.tolist() == [0, 0]
    assert take_over(0, 0, 0.0, 1.0, member, givers, passed, free) == -1  # 1 and 2 are full
    assert passed.tolist() == [3, 0]
    assert take_over(1, 0, 0.0, 1.0, member, givers, passed, free) == -1
    assert passed.tolist() == [3, 2]


def test_rows_added_join_the_book_in_family_order_after_that_familys_older_rows():
    book = ReferralBook()
    book.add(family=np.array([4, 1, 4]), need=np.array([0, 0, 1], np.int16),
             created=np.array([1, 1, 1]))
    book.add(family=np.array([4, 0, 1, 9]), need=np.array([2, 0, 3, 0], np.int16),
             created=np.array([2, 2, 2, 2]))
    assert book["family"].tolist() == [0, 1, 1, 4, 4, 4, 9]
    assert book["created"].tolist() == [2, 1, 2, 1, 1, 2, 2]
    assert book["need"].tolist() == [0, 0, 3, 0, 1, 2, 0]  # family 4's rows as they were made


def test_rows_added_in_family_order_join_it_as_rows_added_in_any_order_do():
    book = ReferralBook()
    book.add(family=np.array([1, 4, 4]), need=np.array([0, 0, 1], np.int16))
    book.add(family=np.array([0, 1, 4, 4, 9]), need=np.array([5, 2, 3, 4, 6], np.int16))
    assert book["family"].tolist() == [0, 1, 1, 4, 4, 4, 4, 9]
    assert book["need"].tolist() == [5, 0, 2, 0, 1, 3, 4, 6]


def test_the_book_stays_in_family_order_through_a_run():
    from sim.model import KooperacjeModel

    model = KooperacjeModel(seed=3, weeks=30, scenario__pzk__enabled=True,
                            scenario__zzk__enabled=True, scenario__client_work__enabled=True)
    for _ in range(30):
        model.step()
        family = model.state.referrals["family"]
        assert len(family) > 0 and (np.diff(family) >= 0).all()
