// Weights of the boundary model (BoundaryModel.swift), in the order of its `featureNames`.
// Hand-set starting values; `scripts/pagegen/train_boundaries.py` replaces this file.
enum BoundaryWeights {
    static let names = [
        "multi_line", "short", "long", "inner_space", "colon", "numbered", "quote",
        "prev_ends", "prev_closing", "next_opens", "cohesion", "title_after", "title_before", "page_start",
    ]
    static let weights: [Double] = [1.5, -0.8, 0.8, 0.5, 0.3, -3.0, 0.0, 0.5, 1.0, 1.5, -6.0, 1.0, -2.0, 2.0]
    static let bias = -1.0
    static let threshold = 0.5
}
