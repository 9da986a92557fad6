-- The literature values the outcome charts overlay, each with its source.
-- Rates are proportions (0.87 = 87 %); NRS is 0–10 points, ODI 0–100, angles in degrees.
-- Improvements are positive (baseline minus follow-up); Papanastassiou's pain change keeps its sign.
INSERT INTO literature_benchmarks (source, procedure_type, measure, timepoint, value, note) VALUES
  ('McCall, Cole & Dailey 2008 (as cited by the clinic)', 'vertebroplasty', 'responder_rate', NULL, 0.87,
    'Share of patients with pain improvement; 4,456 vertebroplasty procedures'),
  ('McCall, Cole & Dailey 2008 (as cited by the clinic)', 'kyphoplasty', 'responder_rate', NULL, 0.92,
    'Share of patients with pain improvement; 1,624 kyphoplasty procedures'),
  ('EVOLVE', 'kyphoplasty', 'nrs_baseline', 'baseline', 8.7, 'Prospective multicentre kyphoplasty study, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'nrs_improvement', 'd7', 5.2, 'Mean NRS improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'nrs_improvement', 'm1', 5.4, 'Mean NRS improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'nrs_improvement', 'm3', 6.0, 'Mean NRS improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'nrs_improvement', 'm6', 6.2, 'Mean NRS improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'nrs_improvement', 'm12', 6.3, 'Mean NRS improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'odi_baseline', 'baseline', 63.4, 'Prospective multicentre kyphoplasty study, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'odi_improvement', 'm1', 30.5, 'Mean ODI improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'odi_improvement', 'm3', 35.3, 'Mean ODI improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'odi_improvement', 'm6', 36.3, 'Mean ODI improvement from baseline, n≈350'),
  ('EVOLVE', 'kyphoplasty', 'odi_improvement', 'm12', 36.2, 'Mean ODI improvement from baseline, n≈350'),
  ('Papanastassiou 2012 (meta-analysis)', 'kyphoplasty', 'pain_change', NULL, -5.07, 'Mean change in pain score (VAS/NRS points)'),
  ('Papanastassiou 2012 (meta-analysis)', 'vertebroplasty', 'pain_change', NULL, -4.55, 'Mean change in pain score (VAS/NRS points)'),
  ('Papanastassiou 2012 (meta-analysis)', 'non_surgical', 'pain_change', NULL, -2.17, 'Mean change in pain score (VAS/NRS points)'),
  ('Papanastassiou 2012 (meta-analysis)', 'kyphoplasty', 'kyphosis_reduction_deg', NULL, 4.8, 'Mean kyphotic angle reduction'),
  ('Papanastassiou 2012 (meta-analysis)', 'vertebroplasty', 'kyphosis_reduction_deg', NULL, 1.7, 'Mean kyphotic angle reduction'),
  ('Papanastassiou 2012 (meta-analysis)', 'kyphoplasty', 'subsequent_fracture_rate', NULL, 0.11, 'Share of patients with a subsequent fracture'),
  ('Papanastassiou 2012 (meta-analysis)', 'vertebroplasty', 'subsequent_fracture_rate', NULL, 0.11, 'Share of patients with a subsequent fracture'),
  ('Papanastassiou 2012 (meta-analysis)', 'non_surgical', 'subsequent_fracture_rate', NULL, 0.22, 'Share of patients with a subsequent fracture'),
  ('ACS NSQIP (osteoporotic augmentation)', NULL, 'same_day_discharge_rate', NULL, 0.611, 'Share of augmentation procedures discharged the same day');
