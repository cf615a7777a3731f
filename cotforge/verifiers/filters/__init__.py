"""Filters that keep only clean records; every drop comes with its reason."""

from cotforge.verifiers.filters.base import Filter, apply_filters
from cotforge.verifiers.filters.balance import BalanceFilter
from cotforge.verifiers.filters.decontaminate import DecontaminationFilter, load_benchmark
from cotforge.verifiers.filters.length import LengthFilter
from cotforge.verifiers.filters.near_duplicate import NearDuplicateFilter
from cotforge.verifiers.filters.text_quality import AnswerLeakFilter, MalformedTextFilter

__all__ = [
    "AnswerLeakFilter",
    "BalanceFilter",
    "DecontaminationFilter",
    "Filter",
    "LengthFilter",
    "MalformedTextFilter",
    "NearDuplicateFilter",
    "apply_filters",
    "load_benchmark",
]
