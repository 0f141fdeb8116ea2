"""Alert rules, alerts and notification preferences."""
