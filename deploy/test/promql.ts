/** Reads PromQL with Prometheus's own grammar (@prometheus-io/lezer-promql): syntax errors, metric names and label names. */
import { parser } from '@prometheus-io/lezer-promql';

export interface SelectorUse {
  /** The metric (or recorded series) a vector selector names. */
  metric: string;
  /** Labels its matchers name, e.g. `status` in `{status=~"5.."}`. */
  labels: string[];
}

export interface PromqlReading {
  /** Where the parser found no valid PromQL (offsets into the expression); empty when it parses. */
  errorsAt: number[];
  selectors: SelectorUse[];
  /** Labels named in `by (...)`, `without (...)`, `on (...)`, `ignoring (...)`, `group_left (...)`. */
  groupingLabels: string[];
}

export function readPromql(expr: string): PromqlReading {
  const reading: PromqlReading = { errorsAt: [], selectors: [], groupingLabels: [] };
  const text = (from: number, to: number) => expr.slice(from, to);
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) reading.errorsAt.push(node.from);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        const labels = (node.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []).map((m) => {
          const name = m.getChild('LabelName')!;
          return text(name.from, name.to);
        });
        // A selector without a name ({__name__=~"..."}) names no metric we could check: record it as such.
        reading.selectors.push({ metric: identifier ? text(identifier.from, identifier.to) : '', labels });
      }
      if (node.name === 'LabelName' && node.node.parent?.name === 'GroupingLabels') reading.groupingLabels.push(text(node.from, node.to));
    },
  });
  return reading;
}

/**
 * Grafana's variables replaced by values PromQL accepts, so a dashboard query can be parsed:
 * `$__rate_interval` and friends by a duration, any other `$var` / `${var}` by a regex-safe `.*`.
 */
export function withGrafanaVariablesFilled(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g, '5m')
    .replace(/\$\{[a-zA-Z_][a-zA-Z0-9_]*(:[a-z]+)?\}|\$[a-zA-Z_][a-zA-Z0-9_]*/g, '.*');
}
