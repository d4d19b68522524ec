"""The pipeline's daily analytics (signups, active organizations, the invite funnel) for a range of days."""
