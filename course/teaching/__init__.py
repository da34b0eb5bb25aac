"""Layer 5, the teacher's tools: releasing student notebooks, grading, the marking board,
refreshing stored outputs, the teacher guide and the handouts. Imports every layer below."""
