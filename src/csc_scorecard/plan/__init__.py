"""The improvement plan: themes, priorities, actions linked to the indicators they should move,
its history of edits, the evidence of impact and the year-end forecast.

Stage: after indicators and assess, before report (plan reads figures; renderers get plain data).
"""
