interface Props {
  error: string | null;
  /** For a field's own error, so the field can point to it (aria-describedby). */
  id?: string;
}

/** What went wrong, announced as it appears (role=alert); nothing while there is no error. */
export function FormError({ error, id }: Props) {
  if (error === null) return null;
  return (
    <p id={id} className="form-error" role="alert">
      {error}
    </p>
  );
}
