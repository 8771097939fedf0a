"""ecommerce adapter and sandbox."""
