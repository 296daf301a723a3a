"""Byte units. Bytes are ints; GB = 10**9 and GiB = 2**30, and every shown figure names its unit."""

GB = 10**9
GiB = 2**30
MiB = 2**20


def format_gb(num_bytes: float) -> str:
    """Bytes as decimal gigabytes, e.g. '39.60 GB'."""
    return f"{num_bytes / GB:,.2f} GB"


def format_gib(num_bytes: float) -> str:
    """Bytes as binary gibibytes, e.g. '36.88 GiB'."""
    return f"{num_bytes / GiB:,.2f} GiB"
