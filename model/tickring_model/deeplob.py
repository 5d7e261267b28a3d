"""DeepLOB (Zhang, Zohren and Roberts, 2019) for a T x 4L window; the third convolution spans the L levels."""
import torch
from torch import nn


class DeepLOB(nn.Module):
    def __init__(self, levels=5):
        super().__init__()

        def block(cin, k, s, act):
            return [nn.Conv2d(cin, 32, kernel_size=k, stride=s), act(), nn.BatchNorm2d(32),
                    nn.Conv2d(32, 32, kernel_size=(4, 1)), act(), nn.BatchNorm2d(32),
                    nn.Conv2d(32, 32, kernel_size=(4, 1)), act(), nn.BatchNorm2d(32)]

        lrelu = lambda: nn.LeakyReLU(negative_slope=0.01)  # noqa: E731
        self.conv1 = nn.Sequential(*block(1, (1, 2), (1, 2), lrelu))
        self.conv2 = nn.Sequential(*block(32, (1, 2), (1, 2), nn.Tanh))
        self.conv3 = nn.Sequential(*block(32, (1, levels), (1, 1), lrelu))
        self.inp1 = nn.Sequential(nn.Conv2d(32, 64, (1, 1)), lrelu(), nn.BatchNorm2d(64),
                                  nn.Conv2d(64, 64, (3, 1), padding=(1, 0)), lrelu(), nn.BatchNorm2d(64))
        self.inp2 = nn.Sequential(nn.Conv2d(32, 64, (1, 1)), lrelu(), nn.BatchNorm2d(64),
                                  nn.Conv2d(64, 64, (5, 1), padding=(2, 0)), lrelu(), nn.BatchNorm2d(64))
        self.inp3 = nn.Sequential(nn.MaxPool2d((3, 1), stride=(1, 1), padding=(1, 0)),
                                  nn.Conv2d(32, 64, (1, 1)), lrelu(), nn.BatchNorm2d(64))
        self.lstm = nn.LSTM(input_size=192, hidden_size=64, num_layers=1, batch_first=True)
        self.fc = nn.Linear(64, 3)

    def forward(self, x):
        x = self.conv3(self.conv2(self.conv1(x)))
        x = torch.cat((self.inp1(x), self.inp2(x), self.inp3(x)), dim=1)  # N, 192, T', 1
        x = x.squeeze(3).permute(0, 2, 1)  # N, T', 192
        x, _ = self.lstm(x)
        return self.fc(x[:, -1, :])  # logits


class WithSoftmax(nn.Module):
    """What is exported: class probabilities in the order of the metadata's class_order."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.softmax(self.net(x), dim=1)
