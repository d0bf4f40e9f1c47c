"""Reference data the returns refer to: where postcodes are and which council they belong to."""
