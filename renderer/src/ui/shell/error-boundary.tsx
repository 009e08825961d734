/** Keeps a bug in one screen from blanking the whole app: shows a message and a way back. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18next from 'i18next';

export class ErrorBoundary extends Component<
  { readonly children: ReactNode; readonly resetKey: string },
  { readonly failed: boolean; readonly resetKey: string }
> {
  override state = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  static getDerivedStateFromProps(
    props: { readonly resetKey: string },
    state: { readonly failed: boolean; readonly resetKey: string },
  ): { failed: boolean; resetKey: string } | null {
    // Moving to another screen clears the error.
    return props.resetKey !== state.resetKey ? { failed: false, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('aidtrail: a screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="notice notice-error" role="alert" data-testid="screen-error">
        <p>{i18next.t('errors.screen')}</p>
        <button type="button" className="button" onClick={() => this.setState({ failed: false })}>
          {i18next.t('common.retry')}
        </button>
      </div>
    );
  }
}
