import { render } from 'preact';
import './styles.css';
import { App } from './view/App';

render(<App />, document.getElementById('app')!);
