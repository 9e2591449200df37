import * as echarts from 'echarts';

/**
 * A line chart as an SVG document, rendered server-side by ECharts (the dashboard's own charts):
 * `points` are [x, y] pairs on a logarithmic x axis; `band` shades a range of y (a tolerance).
 */
export function renderLineChart(input: {
  title: string;
  xName: string;
  yName: string;
  points: [number, number][];
  band?: { from: number; to: number; label: string } | undefined;
  width?: number;
  height?: number;
}): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: input.width ?? 760,
    height: input.height ?? 420,
  });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: input.title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 70, right: 40, top: 60, bottom: 60 },
    xAxis: { type: 'log', logBase: 10, name: input.xName, nameLocation: 'middle', nameGap: 32 },
    yAxis: { type: 'value', name: input.yName, min: 0 },
    series: [
      {
        type: 'line',
        data: input.points,
        symbolSize: 8,
        label: { show: true, formatter: (p: { value: [number, number] }) => `${p.value[1]}` },
        ...(input.band
          ? {
              markArea: {
                itemStyle: { color: 'rgba(64, 158, 255, 0.12)' },
                label: { show: true, position: 'insideTopLeft', color: '#409eff' },
                data: [
                  [{ name: input.band.label, yAxis: input.band.from }, { yAxis: input.band.to }],
                ],
              },
            }
          : {}),
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
