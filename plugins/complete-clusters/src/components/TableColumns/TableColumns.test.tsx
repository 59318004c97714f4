import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LongText, WholeWords } from './TableColumns';

describe('table cells', () => {
  it('lets a long URL wrap after its punctuation only, never inside a version, keeps its text whole and shows it all on hover', async () => {
    const text =
      'Helm chart kuberay-operator from https://ray-project.github.io/kuberay-helm/, version 1.4.2';
    const { container } = render(<LongText text={text} lines={3} />);
    const clamp = container.firstElementChild as HTMLElement;
    expect(clamp).toHaveTextContent(text, { normalizeWhitespace: false });
    // Break opportunities sit after punctuation, never between letters.
    const pieces = Array.from(clamp.childNodes)
      .filter(node => node.nodeType === Node.TEXT_NODE)
      .map(node => node.textContent);
    expect(pieces).toContain('ray-');
    expect(pieces).toContain('github.');
    // A version is no place to wrap: the text after the last break holds it whole.
    expect(pieces[pieces.length - 1]).toBe(', version 1.4.2');
    const breaks = Array.from(clamp.querySelectorAll('wbr'));
    expect(breaks.length).toBeGreaterThan(5);
    expect(
      breaks.every(wbr =>
        /[/.\-:_]$/.test(wbr.previousSibling?.textContent ?? ''),
      ),
    ).toBe(true);

    await userEvent.hover(clamp);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(text);
  });

  it('keeps each word of a title whole and the title’s text unchanged', () => {
    const { container } = render(
      <WholeWords text="Namespaces, pod security and default-deny network" />,
    );
    expect(container).toHaveTextContent(
      'Namespaces, pod security and default-deny network',
      { normalizeWhitespace: false },
    );
    const spans = Array.from(container.querySelectorAll('span'));
    expect(spans.map(span => span.textContent)).toEqual([
      'Namespaces,',
      'pod',
      'security',
      'and',
      'default-deny',
      'network',
    ]);
    expect(spans.every(span => span.style.whiteSpace === 'nowrap')).toBe(true);
  });
});
