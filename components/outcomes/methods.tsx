/**
 * "How these are computed": the outcome definitions of docs/clinical-definitions.md (Responder
 * onwards), in the clinic's words.
 */
export function OutcomeMethods() {
  return (
    <section
      aria-labelledby="methods-title"
      className="outcome-section rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-700"
    >
      <h2 id="methods-title" className="mb-2 text-lg font-semibold text-slate-900">
        How these are computed
      </h2>
      <ul className="flex list-disc flex-col gap-1.5 pl-5">
        <li>
          Every chart but the pipeline counts <strong>completed procedures</strong> in the filters:
          the date range applies to the day performed, the physician is the one who performed it,
          the etiology is the patient&apos;s. A patient treated twice counts once per procedure.
        </li>
        <li>
          <strong>Responder</strong>: pain (NRS 0–10) fell by at least 2 points <em>and</em> by at
          least 30 % from that procedure&apos;s baseline (the MCID consensus, Ostelo 2008). The
          efficacy rate is responders ÷ procedures with <strong>both</strong> a baseline and a score
          at the chosen timepoint; procedures missing either are left out, not counted as failures.
        </li>
        <li>
          <strong>Intervals</strong> are 95 %: Wilson score intervals for rates (they stay within
          0–100 % and hold up for small groups), Student&apos;s t intervals for means. A mean of one
          value has no interval.
        </li>
        <li>
          <strong>Pain and ODI over time</strong> average everyone assessed at each timepoint, so
          the group can differ between timepoints. <strong>Kyphotic correction</strong> is the angle
          before minus the angle after, per treated level with both angles recorded.
        </li>
        <li>
          <strong>Adverse events</strong>: the share of procedures with at least one event of the
          category (and events per 100 procedures in the data); cement leakage is reported apart.
        </li>
        <li>
          <strong>Literature</strong> lines come from the benchmarks table: McCall, Cole &amp;
          Dailey 2008 responder rates as the clinic cites them (vertebroplasty 87 %, kyphoplasty 92
          %); EVOLVE kyphoplasty pain and ODI; Papanastassiou 2012 meta-analysis pain change,
          kyphosis reduction and subsequent fractures; ACS NSQIP same-day discharge. Sham-controlled
          trials (INVEST, VERTOS IV) found no clear benefit over a sham procedure, so read rates
          with their intervals, not bare means.
        </li>
        <li>
          All figures are computed in the database from the records as they stand when the page
          loads.
        </li>
      </ul>
    </section>
  )
}
