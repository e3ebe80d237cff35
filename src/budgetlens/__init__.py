"""budgetlens: read Chinese budget and final-account disclosures and check every figure."""

__version__ = "0.1.0"
