// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FormError } from './FormError.tsx';
import { TextField } from './TextField.tsx';

afterEach(cleanup);

describe('TextField', () => {
  it('is named by its label, passes typing on, and claims nothing it has not got', () => {
    const typed: string[] = [];
    render(<TextField id="name" label="Display name" value="" required onChange={(v) => typed.push(v)} />);
    const input = screen.getByLabelText('Display name');
    expect(input).toHaveProperty('required', true);
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(input.getAttribute('aria-describedby')).toBeNull();
    fireEvent.change(input, { target: { value: 'Ada' } });
    expect(typed).toEqual(['Ada']);
  });

  it('is described by its hint and, once wrong, by its error, and is then marked invalid', () => {
    const { rerender } = render(
      <TextField id="pw" label="Password" value="" hint="At least 8 characters" onChange={() => undefined} />,
    );
    const input = screen.getByLabelText('Password');
    expect(input.getAttribute('aria-describedby')).toBe('pw-hint');
    expect(document.getElementById('pw-hint')?.textContent).toBe('At least 8 characters');

    rerender(
      <TextField
        id="pw"
        label="Password"
        value=""
        hint="At least 8 characters"
        error="Too short"
        onChange={() => undefined}
      />,
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('pw-hint pw-error');
    expect(screen.getByRole('alert').id).toBe('pw-error');
    expect(screen.getByRole('alert').textContent).toBe('Too short');
  });

  it('puts its action on the input row and its children below', () => {
    render(
      <TextField
        id="url"
        label="Server address"
        value=""
        onChange={() => undefined}
        action={<button type="button">Test</button>}
      >
        <p role="status">Reachable</p>
      </TextField>,
    );
    const row = screen.getByLabelText('Server address').parentElement;
    expect(row?.className).toBe('row');
    expect(row?.contains(screen.getByRole('button', { name: 'Test' }))).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Reachable');
  });
});

describe('FormError', () => {
  it('shows nothing without an error, and announces one when it comes', () => {
    const { rerender } = render(<FormError error={null} />);
    expect(screen.queryByRole('alert')).toBeNull();
    rerender(<FormError error="Wrong password" />);
    expect(screen.getByRole('alert').textContent).toBe('Wrong password');
  });
});
