/** The few REST calls the demo makes, as a campaign manager's tools would: JSON in, JSON out, loud on refusal. */
export class DemoApi {
  private token = '';

  constructor(readonly url: string) {}

  async signIn(email: string, password: string): Promise<void> {
    const body = await this.send<{ accessToken: string }>('POST', '/auth/login', { email, password });
    this.token = body.accessToken;
  }

  get accessToken(): string {
    return this.token;
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown = {}): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown = {}): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  /** A multipart upload with one file field and some text fields. */
  async upload<T>(path: string, file: { name: string; content: string }, fields: Record<string, string> = {}): Promise<T> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
    return this.parse<T>('POST', path, await fetch(`${this.url}${path}`, { method: 'POST', headers: this.auth(), body: form }));
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...this.auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return this.parse<T>(method, path, response);
  }

  private async parse<T>(method: string, path: string, response: Response): Promise<T> {
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
